/* STREAM-like triad a[i] = b[i] + s*c[i] (J. D. McCalpin, STREAM: Sustainable Memory Bandwidth in
 * High Performance Computers, https://www.cs.virginia.edu/stream/): the machine's achievable memory
 * bandwidth, the physical limit of a PageRank iteration. Three arrays of N doubles (default 2^25 = 256 MiB
 * each, far beyond any cache), all cores (OpenMP), best of 10 repetitions; bytes counted as STREAM does:
 * 24 B per element (two reads, one write; the write-allocate read is not counted).
 * Build: gcc -O3 -fopenmp -o triad triad.c   Run: ./triad [N]   Prints: triad_gbs=X, threads=T, n=N (one per line) */
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : (1L << 25);
    double *a = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double)), *c = malloc(n * sizeof(double));
    if (!a || !b || !c) { fprintf(stderr, "error: cannot allocate 3 x %ld doubles\n", n); return 2; }
    #pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) { a[i] = 0.0; b[i] = 1.0; c[i] = 2.0; }
    double best = 1e30, s = 3.0;
    for (int rep = 0; rep < 10; rep++) {
        double t0 = omp_get_wtime();
        #pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        double t = omp_get_wtime() - t0;
        if (t < best) best = t;
    }
    double check = 0;
    for (long i = 0; i < n; i += 4096) check += a[i];
    if (check != (double)((n + 4095) / 4096) * 7.0) { fprintf(stderr, "error: triad check failed\n"); return 1; }
    printf("triad_gbs=%.3f\nthreads=%d\nn=%ld\n", 24.0 * n / best / 1e9, omp_get_max_threads(), n);
    free(a); free(b); free(c);
    return 0;
}
