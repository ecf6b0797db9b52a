"""Widgets of the chat app; they render and post messages, never call models, tools or stores."""
