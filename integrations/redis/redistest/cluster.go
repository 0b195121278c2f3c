package redistest

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// NodeTimeout is cluster-node-timeout (and Sentinel's down-after-milliseconds) of the failover
// helpers: short, so that a killed primary is replaced within a few seconds.
const NodeTimeout = 1000 * time.Millisecond

// Cluster is a real Redis Cluster of separate redis-server processes: masters, each with its
// replicas, made with `redis-cli --cluster create`. Tests kill a master (Server.Stop) and watch
// its replica take over, as in production.
type Cluster struct {
	t     testing.TB
	Nodes []*Server
}

// StartCluster6 starts the usual smallest highly available cluster: 6 nodes, 3 masters with one
// replica each, the 16,384 slots split evenly. It needs redis-server and redis-cli on PATH.
func StartCluster6(t testing.TB) *Cluster { return StartClusterOf(t, 3, 1) }

// StartClusterOf starts masters × (1 + replicas) nodes and creates the cluster.
func StartClusterOf(t testing.TB, masters, replicas int) *Cluster {
	t.Helper()
	if _, err := exec.LookPath("redis-cli"); err != nil {
		unavailable(t, "no redis-cli on PATH (it comes with redis-server; or set REDIS_URL)")
	}
	c := &Cluster{t: t}
	for range masters * (1 + replicas) {
		c.Nodes = append(c.Nodes, start(t, &Server{scheme: "redis", args: func(port int) []string {
			return []string{"--port", strconv.Itoa(port), "--cluster-enabled", "yes",
				"--cluster-config-file", "nodes-" + strconv.Itoa(port) + ".conf",
				"--cluster-node-timeout", strconv.Itoa(int(NodeTimeout.Milliseconds()))}
		}}))
	}
	args := []string{"--cluster", "create"}
	for _, n := range c.Nodes {
		args = append(args, n.Addr())
	}
	args = append(args, "--cluster-replicas", strconv.Itoa(replicas), "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redistest: redis-cli --cluster create: %v\n%s", err, out)
	}
	c.waitReady(masters, masters*replicas)
	return c
}

// waitReady waits until every node says the cluster is ok and sees the masters and replicas,
// each replica in sync with its master.
func (c *Cluster) waitReady(masters, replicas int) {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c.ready(masters, replicas) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("redistest: the cluster did not become ready in 30s")
}

func (c *Cluster) ready(masters, replicas int) bool {
	for _, n := range c.Nodes {
		if !n.clusterOK() {
			return false
		}
		nodes := c.nodesOf(n)
		m, r := 0, 0
		for _, x := range nodes {
			switch {
			case x.failed:
			case x.master && len(x.slots) > 0:
				m++
			case !x.master:
				r++
			}
		}
		if m != masters || r != replicas {
			return false
		}
		if info, err := n.send("INFO", "replication"); err != nil ||
			(strings.Contains(info, "role:slave") && !strings.Contains(info, "master_link_status:up")) {
			return false
		}
	}
	return true
}

// URL is a redis+cluster:// URL naming every node, as an operator would configure it.
func (c *Cluster) URL() string {
	u := "redis+cluster://" + c.Nodes[0].Addr()
	for i, n := range c.Nodes[1:] {
		if i == 0 {
			u += "?addr=" + n.Addr()
		} else {
			u += "&addr=" + n.Addr()
		}
	}
	return u
}

// clusterNode is one line of CLUSTER NODES.
type clusterNode struct {
	addr           string
	master, failed bool
	slots          [][2]int
}

// nodesOf reads CLUSTER NODES as node n sees it.
func (c *Cluster) nodesOf(n *Server) []clusterNode {
	text, err := n.send("CLUSTER", "NODES")
	if err != nil {
		return nil
	}
	var out []clusterNode
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) < 8 {
			continue
		}
		addr, _, _ := strings.Cut(f[1], "@")
		x := clusterNode{addr: addr, master: strings.Contains(f[2], "master"), failed: strings.Contains(f[2], "fail")}
		for _, r := range f[8:] {
			lo, hi, ok := strings.Cut(r, "-")
			if strings.HasPrefix(r, "[") {
				continue // a slot being migrated
			}
			if !ok {
				hi = lo
			}
			a, _ := strconv.Atoi(lo)
			b, _ := strconv.Atoi(hi)
			x.slots = append(x.slots, [2]int{a, b})
		}
		out = append(out, x)
	}
	return out
}

// MasterOf returns the node that the live nodes agree serves slot as master, or nil.
func (c *Cluster) MasterOf(slot int) *Server {
	for _, n := range c.Nodes {
		if !n.running() {
			continue
		}
		for _, x := range c.nodesOf(n) {
			if !x.master || x.failed {
				continue
			}
			for _, r := range x.slots {
				if slot >= r[0] && slot <= r[1] {
					return c.node(x.addr)
				}
			}
		}
		return nil
	}
	return nil
}

func (c *Cluster) node(addr string) *Server {
	for _, n := range c.Nodes {
		if n.Addr() == addr {
			return n
		}
	}
	return nil
}

// WaitFailover waits until a node other than old serves slot as master and every running node
// says the cluster is ok, and returns the new master.
func (c *Cluster) WaitFailover(slot int, old *Server, limit time.Duration) (*Server, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if m := c.MasterOf(slot); m != nil && m != old && c.allOK() {
			return m, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, fmt.Errorf("no replica took over slot %d within %v", slot, limit)
}

func (c *Cluster) allOK() bool {
	for _, n := range c.Nodes {
		if n.running() && !n.clusterOK() {
			return false
		}
	}
	return true
}

// running reports whether the server process is up.
func (s *Server) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd != nil
}
