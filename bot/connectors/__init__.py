"""Platform connectors: comments in, replies and hides out, ad metrics in."""
