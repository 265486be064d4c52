"""Entry point: ``flask --app app run`` finds ``create_app`` here."""

from survey import create_app

__all__ = ["create_app"]
