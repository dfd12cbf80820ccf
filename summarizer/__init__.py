"""summarizer: Chinese government planning documents to grounded briefings."""

from .models import Briefing
from .pipeline import Options, summarize_file, summarize_source

__all__ = ["Briefing", "Options", "summarize_file", "summarize_source"]
