"""socialpulse: comment replies for review, ad alerts and daily stand-ups for marketing teams."""

__version__ = "0.1.0"
