"""The rules of BSON and MongoDB that both object mappers stand on.

Nothing here knows either mapper's document classes; each rule is written
once and used by :mod:`flask_mongo.odm` (typed documents) and
:mod:`flask_mongo.structure` (dict documents) alike:

- :mod:`.values`: the missing marker, 64-bit bounds, what counts as a
  number, valid keys, id coercion, refusing operators in values;
- :mod:`.find`: one description of a find (:class:`~.find.FindSpec`), its
  count, and the 404 helpers;
- :mod:`.pagination`: offset pagination and the one ``paginate()``;
- :mod:`.keyset`: keyset pagination and its opaque page tokens;
- :mod:`.aggregation`: a pipeline run after a query's own stages;
- :mod:`.read_options`: read preference, read and write concerns, time
  limit, comment and collation, per query and app-wide;
- :mod:`.indexes`: one index description, one way to create indexes, and
  the per-app cache that creates them once;
- :mod:`.registry`: classes by name, and polymorphic identities;
- :mod:`.writes`: a saved document is never recreated;
- :mod:`.transactions`: the session of ``db.transaction()`` that every
  mapper operation joins.
"""
