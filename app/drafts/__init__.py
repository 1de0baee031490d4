"""Drafts: rendering follow-up notes from an interview's facts (``render``), the English
helpers they use (``language``), and tenant-uploaded templates in a sandbox (``sandbox``)."""
