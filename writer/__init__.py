"""jixiao: write and check Chinese budget performance self-evaluation reports (绩效自评报告)."""
__version__ = "0.1.0"
