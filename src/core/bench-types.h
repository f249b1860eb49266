/* bench-types.h - forward declarations and the core enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _BenchCommand       BenchCommand;
typedef struct _BenchCommandRunner BenchCommandRunner;
typedef struct _BenchCommandSet    BenchCommandSet;
typedef struct _BenchDemo          BenchDemo;
typedef struct _BenchDevice        BenchDevice;
typedef struct _BenchFramer        BenchFramer;
typedef struct _BenchPoller        BenchPoller;
typedef struct _BenchRowQueue      BenchRowQueue;
typedef struct _BenchSession       BenchSession;
typedef struct _BenchSessionWriter BenchSessionWriter;
typedef struct _BenchSpec          BenchSpec;
typedef struct _BenchTransport     BenchTransport;

typedef enum
{
  BENCH_ADDRESS_TTY,
  BENCH_ADDRESS_SOCKET,
  BENCH_ADDRESS_RFC2217,
  BENCH_ADDRESS_DEMO,
} BenchAddressKind;

typedef enum
{
  BENCH_PARITY_NONE,
  BENCH_PARITY_EVEN,
  BENCH_PARITY_ODD,
  BENCH_PARITY_MARK,
  BENCH_PARITY_SPACE,
} BenchParity;

typedef enum
{
  BENCH_FLOW_NONE,
  BENCH_FLOW_RTSCTS,
  BENCH_FLOW_XONXOFF,
} BenchFlow;

typedef enum
{
  BENCH_SWITCH_DEFAULT,
  BENCH_SWITCH_OFF,
  BENCH_SWITCH_ON,
} BenchSwitch;

typedef enum
{
  BENCH_PLOT_AUTO,
  BENCH_PLOT_KV,
  BENCH_PLOT_CSV,
  BENCH_PLOT_OFF,
  BENCH_PLOT_REGEX,
} BenchPlotMode;

typedef enum
{
  BENCH_DIRECTION_RX,
  BENCH_DIRECTION_TX,
  BENCH_DIRECTION_EVENT,
} BenchDirection;

typedef enum /*< flags >*/
{
  BENCH_ROW_NONE    = 0,
  /* the line reached max-line and was cut; the next row continues it */
  BENCH_ROW_SPLIT   = 1 << 0,
  /* the line had no terminator when the device went away */
  BENCH_ROW_PARTIAL = 1 << 1,
  /* an event that reports a problem (error, lost data) */
  BENCH_ROW_ERROR   = 1 << 2,
} BenchRowFlags;

typedef enum
{
  BENCH_DEVICE_DISCONNECTED,
  BENCH_DEVICE_CONNECTING,
  BENCH_DEVICE_CONNECTED,
  BENCH_DEVICE_ERROR,
} BenchDeviceState;

typedef enum
{
  BENCH_LOG_TEXT,
  BENCH_LOG_CSV,
  BENCH_LOG_JSONL,
} BenchLogFormat;

typedef enum
{
  BENCH_WRITER_RUNNING,
  BENCH_WRITER_CLOSED,
  BENCH_WRITER_FAILED,
} BenchWriterState;

G_END_DECLS
