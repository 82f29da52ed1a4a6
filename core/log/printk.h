/* The kernel log read from the dump's printk buffer, for targets that have no log of their own:
 * the lockless ring buffer of 5.10+ (prb: desc_ring, text_data_ring) and the log_buf records of
 * 3.5-5.9 (struct printk_log, earlier struct log). */
#ifndef MM_PRINTK_H
#define MM_PRINTK_H
#include <stddef.h>
#include "../kernel.h"

/* Writes the log as `log` prints it ("[%5lu.%06lu] text" a line) into buf (truncated to len,
 * NUL-terminated when room): bytes written, or an mm_status with err naming what failed. */
long mm_printk_read(struct mm_kernel *k, char *buf, size_t len, struct mm_err *err);

#endif
