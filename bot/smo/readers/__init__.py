"""Learned readers of comments: spam, abuse and three-way sentiment from hashed n-grams."""
