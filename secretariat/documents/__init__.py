"""Documents: PDF minutes, session summaries and attendance sheets."""
