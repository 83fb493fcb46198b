"""Claims core: German news articles in, one pandas frame of troop figures out."""
from core.articles import Article, load_articles
from core.errors import ArticleError

__all__ = ["Article", "ArticleError", "load_articles"]
