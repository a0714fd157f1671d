"""MongoKit's ``mongokit.helpers`` names: the dot-notation dicts and the
epoch-millisecond date conversions of its JSON form."""

from flask_mongo.structure import DotCollapsedDict, DotExpandedDict
from flask_mongo.structure import DotDict as DotedDict
from flask_mongo.structure import I18nDotDict as i18nDotedDict
from flask_mongo.structure.json_form import from_millis as fromtimestamp
from flask_mongo.structure.json_form import millis as totimestamp

__all__ = [
    "DotCollapsedDict",
    "DotExpandedDict",
    "DotedDict",
    "fromtimestamp",
    "i18nDotedDict",
    "totimestamp",
]
