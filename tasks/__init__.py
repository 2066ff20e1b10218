"""Celery tasks: thin wrappers that run lk3admin services in the Flask app's context."""
