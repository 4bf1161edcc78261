package stitch

// setEnqueuers resolves every job's Enqueue, EnqueuedBy and inherited
// actor. A job whose enqueue is inside another job takes that job's
// enqueuer, so chains are followed with an explicit stack (no recursion: a
// chain of jobs may be long), and a cycle of jobs enqueuing each other
// leaves its members without an enqueuer.
func (j *joiner) setEnqueuers() {
	var stack []*Unit
	for _, t := range j.index.trees {
		for _, u := range t.Units {
			if u.Kind == Job && u.state == unvisited {
				u.state = onPath
				stack = resolveEnqueuers(append(stack[:0], u))
			}
		}
	}
}

// resolveEnqueuers settles the jobs on stack, each waiting for the job
// above it.
func resolveEnqueuers(stack []*Unit) []*Unit {
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		var by, next *Unit
		if u.enq.ok() {
			if by = u.enq.owner(); by.Kind == Job {
				by, next = nil, by
			}
		}
		if next != nil {
			switch next.state {
			case unvisited:
				next.state = onPath
				stack = append(stack, next)
				continue
			case settled:
				by = next.EnqueuedBy
			} // onPath: a cycle, by stays nil
		}
		u.Enqueue, u.EnqueuedBy = u.enq.get(), by
		if by != nil && !by.Actor.IsZero() {
			u.Actor = by.Actor
		}
		u.state = settled
		stack = stack[:len(stack)-1]
	}
	return stack
}
