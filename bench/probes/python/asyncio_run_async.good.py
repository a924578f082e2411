import asyncio


async def main() -> None:
    await asyncio.sleep(0)


def start() -> None:
    asyncio.run(main())
