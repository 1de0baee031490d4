"""The ceiling: a bare FastAPI app with one `async def` POST validating a small 5-field model.

Served by bench/run.py with the same uvicorn options as the service, so the ratio of the two
measures what the service adds on top of FastAPI itself.
"""
from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel, Field


class Item(BaseModel):
    name: str = Field(..., max_length=100)
    company: str = Field(..., max_length=100)
    rating: int = Field(..., ge=0, le=10)
    email: str | None = Field(None, max_length=200)
    remote: bool = False


app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/echo")
async def echo(item: Item) -> Item:
    return item


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


BODY = {"name": "Priya Raman", "company": "Northwind Health", "rating": 8, "email": "priya@example.com",
        "remote": True}
