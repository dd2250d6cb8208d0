package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import ptlab.race.WakeupTree.Seq;

/**
 * The top of DPOR's tree when several workers explore it: the nodes above {@link #depth}, under one
 * lock. A worker claims the leftmost unstarted branch, replays the path to it, takes it, opens the
 * shared nodes below it down to {@link #depth} with free choices, explores the rest of that subtree
 * alone with optimal DPOR ({@link Dpor}), then claims the next.
 *
 * <p>These nodes hold source sets (Abdulla et al., JACM'17, Algorithm 1), not wakeup trees: a
 * reversal that starts here adds one initial of the sequence as a branch, unless a branch already is
 * one. Nothing descends into a branch, so no worker's subtree depends on insertions made by another
 * worker's subtree (optimal DPOR's do: a subtree relies on its left siblings to have filled its
 * wakeup tree before it starts). A branch is explored with the sleep set of its node plus every
 * branch before it, finished or not; the exploration below each branch covers, once all are done,
 * every maximal trace that sleep set allows. So every Mazurkiewicz trace is explored by exactly one
 * complete execution, as on one worker; what timing may change is which execution represents a
 * trace, and that some explorations in this top end sleep-set blocked.
 */
final class SharedTop {
    private static final byte UNSTARTED = 0, RUNNING = 1, DONE = 2;

    /** A step taken from a shared node: its thread and footprint, and the node it leads to while running. */
    static final class Branch {
        final int thread;
        final Node parent;
        long[] footprint;
        long summary;
        byte state;
        Node next;

        Branch(int thread, Node parent, long[] footprint, long summary, byte state) {
            this.thread = thread;
            this.parent = parent;
            this.footprint = footprint;
            this.summary = summary;
            this.state = state;
        }
    }

    /** A shared state: the branches taken or to take from it, in order. */
    static final class Node {
        final Branch from;
        final List<Branch> branches = new ArrayList<>(2);

        Node(Branch from) {
            this.from = from;
        }
    }

    /** A claimed branch: the path to it from the root (it last), with the branches before each on the path. */
    record Claim(List<Branch> path, List<Sleep> before) {}

    /** Nodes above this depth are shared; each worker explores the rest of its subtree alone. */
    final int depth;
    final Node root = new Node(null);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean rootClaimed;
    /** The tree is explored, or a worker left with its subtree unexplored (it stopped, or failed). */
    private boolean over;

    SharedTop(int depth) {
        if (depth < 1) throw new IllegalArgumentException("the shared depth is at least 1, not " + depth);
        this.depth = depth;
    }

    /**
     * The next branch to explore, now running: the leftmost unstarted one, depth first (the first
     * claim is the root itself: an empty path). Waits while other workers may still add branches:
     * a worker is waiting only while another one runs, and that one finishes its branch or leaves.
     * Null when the tree is explored or a worker stopped.
     */
    Claim claim() {
        lock.lock();
        try {
            while (true) {
                if (over) return null;
                if (!rootClaimed) {
                    rootClaimed = true;
                    return new Claim(List.of(), List.of());
                }
                List<Branch> path = new ArrayList<>();
                List<Sleep> before = new ArrayList<>();
                if (find(root, path, before)) return new Claim(path, before);
                changed.await();
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private static boolean find(Node y, List<Branch> path, List<Sleep> before) {
        for (int i = 0; i < y.branches.size(); i++) {
            Branch b = y.branches.get(i);
            if (b.state == DONE || (b.state == RUNNING && b.next == null)) continue;
            Sleep s = new Sleep();
            for (int k = 0; k < i; k++) {
                Branch a = y.branches.get(k);
                s.addSourced(a.thread, a.footprint, a.summary);
            }
            path.add(b);
            before.add(s);
            if (b.state == UNSTARTED) {
                b.state = RUNNING;
                return true;
            }
            if (find(b.next, path, before)) return true;
            path.remove(path.size() - 1);
            before.remove(before.size() - 1);
        }
        return false;
    }

    /** A free choice at node y, which its opener alone can reach yet: a new running branch of thread t. */
    Branch open(Node y, int t) {
        lock.lock();
        try {
            Branch b = new Branch(t, y, null, 0, RUNNING);
            y.branches.add(b);
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Branch b at depth d was executed with footprint f[from, to) (summary s): records a free
     * choice's footprint (before anything below it runs, so before any sibling can exist), and
     * returns the shared node it leads to, or null at {@link #depth}.
     */
    Node executed(Branch b, int d, long[] f, int from, int to, long s) {
        lock.lock();
        try {
            if (b.footprint == null) {
                b.footprint = Arrays.copyOfRange(f, from, to);
                b.summary = s;
            }
            if (b.next == null && d + 1 < depth) b.next = new Node(b);
            return b.next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A reversal w (no sleeping thread is a weak initial of it) from node y, on the caller's path:
     * adds w's first step as a branch unless a branch's thread is already an initial of w.
     */
    void insert(Node y, Seq w) {
        lock.lock();
        try {
            for (Branch b : y.branches) if (w.initial(b.thread)) return;
            long[] f = Arrays.copyOfRange(w.array[0], w.from[0], w.to[0]);
            y.branches.add(new Branch(w.thread[0], y, f, w.summary[0], UNSTARTED));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The subtree below b, the caller's deepest branch (null: the root was its own claim), is
     * explored: b is done, and so is every node above all of whose branches are.
     */
    void finish(Branch b) {
        lock.lock();
        try {
            while (b != null) {
                b.state = DONE;
                b.next = null;
                for (Branch s : b.parent.branches) if (s.state != DONE) return;
                b = b.parent.from;
            }
            over = true;
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    /**
     * A worker takes no more branches: after the tree is explored, or when it stopped (a spent
     * budget, a cancel, a failure) with its branch unexplored, which ends the exploration for all.
     */
    void leave() {
        lock.lock();
        try {
            over = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
