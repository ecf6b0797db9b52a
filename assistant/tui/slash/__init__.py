"""Slash commands: one table (table.py) of Command(name, hint, help, handler); the help screen,
the completion, the command palette and the unknown-command line all read it.

A handler is ``async def handler(ctx: CommandContext, arg: str)``: it gets the narrow context in
command.py (the services, a notice line, a background runner, the pending attachments, ...),
never the app, so a test can run it against a fake context.
"""
