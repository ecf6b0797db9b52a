"""The terminal chat UI (`assistant chat`): a Textual app that renders session events.

Nothing here is imported by ``assistant --help``; ``textual`` loads only when the chat starts.
The app holds a :class:`assistant.tui.controller.ChatController` that does every non-UI action
(turns, sessions, memory, models), so widgets never touch a model, tool or store.
"""
