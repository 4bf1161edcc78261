package infra

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a running throw-away PostgreSQL cluster on loopback: trust
// authentication, superuser postgres, database postgres, durability off.
type Postgres struct {
	Addr string // host:port
	URL  string // a pgx connection string for the postgres database
	dir  string
	proc *process
}

// FindPostgres returns the directory holding initdb and postgres: the
// newest /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH),
// else the directory of a postgres on PATH. It returns a *MissingError
// when there is none.
func FindPostgres() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sortVersionDirs(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if isFile(filepath.Join(dirs[i], "postgres")) && isFile(filepath.Join(dirs[i], "initdb")) {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("postgres"); err == nil && isFile(filepath.Join(filepath.Dir(p), "initdb")) {
		return filepath.Dir(p), nil
	}
	return "", &MissingError{Program: "PostgreSQL (initdb, postgres)", Package: "postgresql"}
}

// sortVersionDirs sorts /usr/lib/postgresql/<N>/bin paths by N as a
// number, so that 9 sorts before 15.
func sortVersionDirs(dirs []string) {
	ver := func(d string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return n
	}
	for i := 1; i < len(dirs); i++ { // insertion sort: a handful of entries
		for j := i; j > 0 && ver(dirs[j]) < ver(dirs[j-1]); j-- {
			dirs[j], dirs[j-1] = dirs[j-1], dirs[j]
		}
	}
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// StartPostgres creates a cluster with initdb in a new temporary
// directory and starts postgres on a free loopback port. PostgreSQL
// refuses to run as root, so as root both run as the postgres user, who
// owns the directory. The caller must call Stop.
func StartPostgres(ctx context.Context) (*Postgres, error) {
	bin, err := FindPostgres()
	if err != nil {
		return nil, err
	}
	cred, err := postgresCredential()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "raceline-e2e-pg-")
	if err != nil {
		return nil, err
	}
	if err := initCluster(ctx, bin, dir, cred); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	var errs []error
	for range 3 { // the port may be taken between finding and binding it
		pg, err := startPostgresOnce(ctx, bin, dir, cred)
		if err == nil {
			return pg, nil
		}
		errs = append(errs, err)
	}
	os.RemoveAll(dir)
	return nil, errors.Join(errs...)
}

// postgresCredential returns the credential to run PostgreSQL under: nil
// (the current user) unless we are root.
func postgresCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	return lookupCredential("postgres")
}

// initCluster runs initdb into dir/data, owned by cred's user.
func initCluster(ctx context.Context, bin, dir string, cred *syscall.Credential) error {
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"),
		"-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	return nil
}

func startPostgresOnce(ctx context.Context, bin, dir string, cred *syscall.Credential) (*Postgres, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", filepath.Join(dir, "data"),
		"-p", strconv.Itoa(port), "-h", "127.0.0.1", "-k", dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=60", "-c", "logging_collector=off")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	cmd.Dir = dir
	p, err := startProcess("postgres", cmd)
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	pg := &Postgres{Addr: addr, URL: "postgres://postgres@" + addr + "/postgres?sslmode=disable", dir: dir, proc: p}
	if err := pg.waitReady(ctx); err != nil {
		_ = p.stop(syscall.SIGQUIT, 3*time.Second)
		return nil, p.failure(err)
	}
	return pg, nil
}

// waitReady polls a connection until the server accepts one, the process
// exits, or 30 seconds pass.
func (pg *Postgres) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		c, err := pgx.Connect(cctx, pg.URL)
		cancel()
		if err == nil {
			return c.Close(ctx)
		}
		if pg.proc.exited() || time.Now().After(deadline) {
			return fmt.Errorf("not ready: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Stop shuts postgres down immediately (SIGQUIT: no checkpoint, the data
// is thrown away) and removes its directory. It is safe to call more than
// once.
func (pg *Postgres) Stop() error {
	err := pg.proc.stop(syscall.SIGQUIT, 5*time.Second)
	if rmErr := os.RemoveAll(pg.dir); err == nil {
		err = rmErr
	}
	return err
}
