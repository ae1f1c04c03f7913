"""Canonical indicator keys: one name for the many ways a measure is written (预算执行率, 支出执行率, 预算完成率 …)."""
