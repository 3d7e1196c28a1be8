"""A Redis cache that degrades instead of failing.

Django's RedisCache raises when Redis is unreachable, so one Redis outage would turn every page
that touches the cache (the login throttle does) into a 500. This backend answers from the
memory of the current process while Redis is away and uses Redis again as soon as it is back.
The login throttle then counts per process for a while, which is still a limit.
"""
import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
METHODS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
           "delete_many", "clear")


def _degrading(name: str):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            logger.warning("Redis cache unreachable (%s); using process memory", exc)
            return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    """RedisCache whose reads and writes fall back to process memory when Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache(f"redis-fallback:{server}",
                                    {"TIMEOUT": params.get("TIMEOUT", 300)})


for _name in METHODS:
    setattr(ResilientRedisCache, _name, _degrading(_name))
