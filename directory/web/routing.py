"""URL converters: slugs are checked by the router, so odd bytes never reach a query."""

from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    """Lower-case ASCII letters, digits and hyphens, as made by ``text.slugify``."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"
