"""Policy plans, progress reports and delegated state administration tasks."""
