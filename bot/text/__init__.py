"""Text statistics shared by the engines: TF-IDF vectors and whole-word phrase patterns."""
