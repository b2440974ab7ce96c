"""The chat side: console, Slack and Telegram channels and the use-cases they share."""
