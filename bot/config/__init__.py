"""The team's configuration: the workspace file's sections, loading and error reports.

Import from the modules: `bot.config.workspace` (the file as a whole), `bot.config.loading`
(read and check it), `bot.config.errors` (what a problem report holds).
"""
