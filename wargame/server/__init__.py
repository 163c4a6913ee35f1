"""Team stations: each team plays from its own browser, the facilitator's process hosts.

* :mod:`wargame.server.tokens` — per-team join tokens (issue, revoke, reissue);
* :mod:`wargame.server.host` — the game the stations play, owned by one thread
  (the journal's only writer), with a thread-safe read of its current frame;
* :mod:`wargame.server.station` — what a team may see (built only through
  :mod:`wargame.views`) and what it may do (its own seat, the open phase);
* :mod:`wargame.server.service` — connections, pushes, resends, presence, the timer;
* :mod:`wargame.server.ratelimit` — token buckets per team and per address;
* :mod:`wargame.server.app` — the Starlette application: the station page, its
  JSON API and its websocket, all under the team's token;
* :mod:`wargame.server.runner` — uvicorn in a background thread, start and stop;
* :mod:`wargame.server.console` — ``wargame serve``: the White Cell's console.

See docs/team-stations.md.
"""
