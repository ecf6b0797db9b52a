"""The chat app's non-UI work, one small service per job, all built from one ChatRuntime.

    runtime.py      start-up and shutdown of the one core App (assistant/app.py), the current session
    turns.py        send a turn (typed or push-to-talk), cancel it, the confirm seam
    sessions.py     list, open, new, rename, delete, export, search past sessions
    memory.py       remember, list, forget (the core App's one memory store)
    images.py       search and index the image collection (the core App's engines)
    models.py       which chat model answers, and switching it
    attachments.py  check a file before it is attached; grab the clipboard's image

Widgets never call these directly: the app's UI parts run them on worker threads and render what
they return (assistant/tui/controller.py assembles them).
"""
