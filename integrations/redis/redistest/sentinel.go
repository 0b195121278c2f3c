package redistest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Sentinels is a primary, its replica and three Redis Sentinels (quorum 2) watching it as
// "mymaster", each a separate process: killing the primary (Primary().Stop()) makes the
// Sentinels promote the replica, as in production.
type Sentinels struct {
	t         testing.TB
	Servers   []*Server // the primary first, then the replica
	Sentinels []*Server
}

// StartSentinels starts the primary, the replica (in sync) and the Sentinels, with
// down-after-milliseconds NodeTimeout.
func StartSentinels(t testing.TB) *Sentinels {
	t.Helper()
	primary := Start(t)
	replica := start(t, &Server{scheme: "redis", args: func(port int) []string {
		return []string{"--port", strconv.Itoa(port), "--replicaof", "127.0.0.1", strconv.Itoa(primary.port)}
	}})
	g := &Sentinels{t: t, Servers: []*Server{primary, replica}}
	deadline := time.Now().Add(20 * time.Second)
	for !g.inSync(replica) {
		if time.Now().After(deadline) {
			t.Fatal("redistest: the replica did not sync with the primary")
		}
		time.Sleep(20 * time.Millisecond)
	}
	dir := t.TempDir()
	for i := range 3 {
		conf := filepath.Join(dir, fmt.Sprintf("sentinel-%d.conf", i))
		g.Sentinels = append(g.Sentinels, start(t, &Server{scheme: "redis+sentinel", query: "?master_name=mymaster",
			args: func(port int) []string {
				text := fmt.Sprintf("port %d\nsentinel monitor mymaster 127.0.0.1 %d 2\n"+
					"sentinel down-after-milliseconds mymaster %d\nsentinel failover-timeout mymaster 5000\n",
					port, primary.port, NodeTimeout.Milliseconds())
				if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				return []string{conf, "--sentinel"}
			}}))
	}
	for !g.sentinelsMeet() {
		if time.Now().After(deadline) {
			t.Fatal("redistest: the Sentinels did not find each other and the replica")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return g
}

func (g *Sentinels) inSync(replica *Server) bool {
	info, err := replica.send("INFO", "replication")
	return err == nil && strings.Contains(info, "master_link_status:up")
}

// sentinelsMeet: every Sentinel knows the two others and the replica.
func (g *Sentinels) sentinelsMeet() bool {
	for _, s := range g.Sentinels {
		info, err := s.send("INFO", "sentinel")
		if err != nil || !strings.Contains(info, "slaves=1,sentinels=3") {
			return false
		}
	}
	return true
}

// URL is a redis+sentinel:// URL naming every Sentinel.
func (g *Sentinels) URL() string {
	u := "redis+sentinel://" + g.Sentinels[0].Addr() + "?master_name=mymaster"
	for _, s := range g.Sentinels[1:] {
		u += "&addr=" + s.Addr()
	}
	return u
}

// Primary returns the server the Sentinels name as the primary now, or nil.
func (g *Sentinels) Primary() *Server {
	for _, s := range g.Sentinels {
		if !s.running() {
			continue
		}
		reply, err := s.sendArray("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
		if err != nil || len(reply) != 2 {
			continue
		}
		for _, srv := range g.Servers {
			if srv.Addr() == reply[0]+":"+reply[1] {
				return srv
			}
		}
	}
	return nil
}

// WaitFailover waits until the Sentinels name a primary other than old and it answers as one.
func (g *Sentinels) WaitFailover(old *Server, limit time.Duration) (*Server, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if p := g.Primary(); p != nil && p != old {
			if info, err := p.send("INFO", "replication"); err == nil && strings.Contains(info, "role:master") {
				return p, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, fmt.Errorf("the Sentinels did not promote the replica within %v", limit)
}
