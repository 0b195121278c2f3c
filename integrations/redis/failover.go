package redis

import (
	"context"
	"errors"

	goredis "github.com/redis/go-redis/v9"
)

// slotRefresh makes a ClusterClient read the slot map again as soon as a call fails in a way
// that may mean the cluster changed: a node that does not answer (killed, partitioned), or a
// node that says the cluster or its master is down. go-redis by itself re-reads the map only on
// MOVED, ASK and READONLY answers and otherwise once a minute, and a dead master sends no MOVED:
// after a failover it kept dialling the dead node for up to a minute, while the promoted
// replica served the slots. The reload is lazy and coalesced (at most one every 200 ms), so a
// burst of failures costs one CLUSTER SLOTS.
type slotRefresh struct{ c *goredis.ClusterClient }

func (h slotRefresh) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h slotRefresh) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		err := next(ctx, cmd)
		if topologyMayHaveChanged(err) {
			h.c.ReloadState(ctx)
		}
		return err
	}
}

func (h slotRefresh) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		err := next(ctx, cmds)
		if err == nil {
			return nil
		}
		for _, c := range cmds {
			if topologyMayHaveChanged(c.Err()) {
				h.c.ReloadState(ctx)
				break
			}
		}
		return err
	}
}

// topologyMayHaveChanged: a failure to reach a node (no Redis answer at all, a timeout
// included), or an answer that says the slots' master is not there.
func topologyMayHaveChanged(err error) bool {
	if err == nil {
		return false
	}
	var reply goredis.Error
	if !errors.As(err, &reply) {
		return !errors.Is(err, context.Canceled)
	}
	for _, p := range []string{"CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING", "READONLY"} {
		if goredis.HasErrorPrefix(err, p) {
			return true
		}
	}
	return false
}

// newClusterClient is a ClusterClient that follows failovers at once (slotRefresh).
func newClusterClient(o *goredis.ClusterOptions) *goredis.ClusterClient {
	c := goredis.NewClusterClient(o)
	c.AddHook(slotRefresh{c})
	return c
}
