package infra

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// Redis is a running redis-server on loopback with persistence off.
type Redis struct {
	Addr string // host:port
	dir  string
	proc *process
}

// FindRedis returns the path of redis-server, or a *MissingError.
func FindRedis() (string, error) {
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p, nil
	}
	return "", &MissingError{Program: "redis-server", Package: "redis-server"}
}

// StartRedis starts redis-server on a free loopback port with its working
// directory in a new temporary directory, and waits until it answers PING.
// The caller must call Stop, also on failure paths.
func StartRedis(ctx context.Context) (*Redis, error) {
	bin, err := FindRedis()
	if err != nil {
		return nil, err
	}
	var errs []error
	for range 3 { // the port may be taken between finding and binding it
		r, err := startRedisOnce(ctx, bin)
		if err == nil {
			return r, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

func startRedisOnce(ctx context.Context, bin string) (*Redis, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "raceline-e2e-redis-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no",
		"--protected-mode", "yes", "--loglevel", "warning")
	p, err := startProcess("redis-server", cmd)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	r := &Redis{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: dir, proc: p}
	if err := r.waitReady(ctx); err != nil {
		r.Stop()
		return nil, p.failure(err)
	}
	return r, nil
}

// waitReady polls PING until redis answers PONG, the process exits, or 20
// seconds pass.
func (r *Redis) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		if err := ping(r.Addr); err == nil {
			return nil
		} else if r.proc.exited() || time.Now().After(deadline) {
			return fmt.Errorf("not ready: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ping sends one inline PING and expects +PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

// Stop kills redis-server and removes its directory. It is safe to call
// more than once.
func (r *Redis) Stop() error {
	err := r.proc.stop(syscall.SIGTERM, 3*time.Second)
	if rmErr := os.RemoveAll(r.dir); err == nil {
		err = rmErr
	}
	return err
}
