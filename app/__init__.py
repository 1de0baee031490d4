"""interview-followup: follow-up advice after a job interview, as a REST service."""
