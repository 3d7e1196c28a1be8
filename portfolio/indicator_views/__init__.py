"""HTML interface of the indicators: overview, map, method, run history and exports.

``pages`` (everyone reads), ``runs`` (history and progress; staff start, retry and set
parameters), ``tables`` (every result table as a page, CSV and XLSX), ``panels`` (figures for
the registry detail pages), ``mapdata`` (the map's selection to a choropleth) and ``labels``
(the Dutch names of tables, columns and headline figures).
"""
