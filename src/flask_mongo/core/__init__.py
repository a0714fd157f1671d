"""The rules of BSON and MongoDB that both object mappers stand on.

Nothing here knows about Flask or about either mapper's document classes:
:mod:`.values` holds the value rules (the missing marker, 64-bit bounds,
what counts as a number, valid keys, id coercion, operator refusal). Each
rule is written once here and used by :mod:`flask_mongo.odm` (typed
documents) and :mod:`flask_mongo.structure` (dict documents) alike.
"""
