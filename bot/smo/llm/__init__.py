"""The optional language-model drafter: briefs and prompts here; the HTTP client and the
drafter that calls it (``bot.smo.llm.client``, ``bot.smo.llm.drafter``) run at the pipeline's
edge, outside the pure engine, and are imported from their modules."""
