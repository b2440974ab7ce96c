"""Community engagement (SMO): understand each comment and draft an on-brand reply or action."""
