"""The crash drill's publisher: publishes every approved draft, then exits (killed at will)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.config.loading import load_workspace
from bot.connectors.publishing import build_publishing
from bot.publisher import OutboxFilePublisher, publish_approved
from bot.store import Store


async def main(db: Path, workspace: Path) -> int:
    store = await Store.open(db)
    publishing = await build_publishing(
        load_workspace(workspace),
        store,
        OutboxFilePublisher(db.with_suffix(".outbox.jsonl")),
        dict(os.environ),
        str(workspace),
    )
    try:
        while await publishing.pending(store.drafts):
            if not await publish_approved(store.drafts, publishing):
                await asyncio.sleep(0.05)
    finally:
        await publishing.close()
        await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]))))
