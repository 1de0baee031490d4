"""Follow-ups: sends, replies, the tenant's policy and the next-action rules that read them."""
