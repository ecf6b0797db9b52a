"""A multimodal assistant that lives in the terminal."""
