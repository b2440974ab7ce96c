"""Text statistics shared by the engines: TF-IDF vectors and English stop words."""
