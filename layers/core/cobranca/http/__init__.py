"""HTTP side of the operator API: resolver, auth middleware, error mapping and routers."""
