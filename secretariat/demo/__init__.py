"""Demo data: the seeds' 2025 meetings, and a large generated set for benchmarks."""
