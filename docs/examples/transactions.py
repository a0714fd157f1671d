"""Transactions: writes of both mappers and of PyMongo that commit together."""

from __future__ import annotations

from pymongo.client_session import ClientSession

from flask_mongo import Mongo


def move_stock(db: Mongo, sku: str, count: int) -> None:
    """Take ``count`` items of ``sku`` out of stock and record the order, or
    do neither."""
    with db.transaction() as session:  # commits at the end, aborts on an exception
        db["orders"].insert_one({"sku": sku, "count": count}, session=session)
        stock = db["stock"].find_one_and_update(
            {"_id": sku}, {"$inc": {"count": -count}}, session=session
        )
        if stock is None or stock["count"] < count:
            raise ValueError(f"not enough {sku} in stock")


def move_stock_retried(db: Mongo, sku: str, count: int) -> None:
    """The same as a function: retried on a TransientTransactionError."""

    def move(session: ClientSession) -> None:
        db["orders"].insert_one({"sku": sku, "count": count}, session=session)
        db["stock"].update_one(
            {"_id": sku}, {"$inc": {"count": -count}}, session=session
        )

    db.transaction(move)
