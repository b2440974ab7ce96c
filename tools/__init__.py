"""Developer tools that are not part of the running bot: the demo data generator."""
