"""newsbot benchmarks: search speed, memory and retrieval quality (scripts, not tests).

Entry point: `python bench/run.py --sizes 10k,100k` (see docs/benchmarks.md).
"""
