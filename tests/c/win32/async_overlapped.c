/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * async_overlapped.c -- a program in the shape of Microsoft's WinInet asynchronous sample: an
 * asynchronous session whose status callback drives each request, with the files on the other
 * side written and read by overlapped I/O completed on the thread pool
 * (BindIoCompletionCallback), an event to wait for the end, a critical section between the
 * network side and the file side, and Interlocked counters of the writes in flight.
 *
 *     async_overlapped <host> <port>
 *
 * Two requests run one after the other on one connect handle:
 *   GET  /chunked/300000/7000  the body written to a temporary file by overlapped WriteFile;
 *   POST /echo                 a 100000-byte file read by overlapped ReadFile and sent with
 *                              HttpSendRequestEx + InternetWriteFile, the echoed body written to
 *                              another temporary file.
 * Each output file is then compared byte for byte with what it must hold.
 *
 * It is written with TCHAR, as Visual Studio projects are: built as is it uses the A
 * functions; async_overlapped_unicode.c builds the same file with UNICODE and _UNICODE.
 */
#include <windows.h>
#include <wininet.h>
#include <tchar.h>
#include <stdio.h>
#include <stdlib.h>

#define BUFFER_LEN 4096
#define POST_SIZE 100000

enum { STATE_SEND, STATE_UPLOAD, STATE_END, STATE_RECEIVE, STATE_DONE };

/* One overlapped file operation and its buffer; CONTAINING_RECORD finds it from the OVERLAPPED. */
typedef struct IO_SLOT {
    OVERLAPPED overlapped;
    struct REQUEST *request;
    char buffer[BUFFER_LEN];
} IO_SLOT;

typedef struct REQUEST {
    int state;
    HINTERNET hRequest;
    HANDLE hDone;    /* set when everything received is on disk */
    HANDLE hClosed;  /* set by INTERNET_STATUS_HANDLE_CLOSING */
    HANDLE hIn;      /* the file to post, or NULL */
    HANDLE hOut;     /* where the response goes */
    char netBuffer[BUFFER_LEN];
    DWORD netRead;
    DWORD netWritten;
    IO_SLOT readSlot;
    DWORD readOffset;
    DWORD writeOffset;
    LONG pendingWrites;
    BOOL receiveDone;
    DWORD error;
    CRITICAL_SECTION lock;
} REQUEST;

static void ReceiveDone(REQUEST *r);

/* A step failed: nothing more is received; the request ends once no write is in flight. */
static void Fail(REQUEST *r, DWORD error, const char *where)
{
    printf("FAIL %s: error %lu\n", where, (unsigned long)error);
    r->error = error;
    ReceiveDone(r);
}

/*
 * Called inside r->lock after a change to receiveDone or pendingWrites: whether this change
 * finished the request. Exactly one caller sees TRUE (both counts change under the lock), and
 * it sets hDone only after leaving the lock, from a copy: once hDone is set, Run returns and r,
 * which lives on Run's stack, is gone, so nothing may touch r after that.
 */
static BOOL FinishedLocked(REQUEST *r)
{
    return r->receiveDone && r->pendingWrites == 0;
}

/* The body has ended: the request is done once no write is in flight. */
static void ReceiveDone(REQUEST *r)
{
    HANDLE done = r->hDone;
    BOOL finished;
    EnterCriticalSection(&r->lock);
    r->receiveDone = TRUE;
    r->state = STATE_DONE;
    finished = FinishedLocked(r);
    LeaveCriticalSection(&r->lock);
    if (finished)
        SetEvent(done);
}

static VOID CALLBACK WriteDone(DWORD status, DWORD bytes, LPOVERLAPPED overlapped)
{
    IO_SLOT *slot = CONTAINING_RECORD(overlapped, IO_SLOT, overlapped);
    REQUEST *r = slot->request;
    HANDLE done = r->hDone;
    BOOL finished;
    (void)bytes;
    if (status != 0)
        printf("FAIL overlapped write: status 0x%lx\n", (unsigned long)status);
    free(slot);
    EnterCriticalSection(&r->lock);
    InterlockedDecrement(&r->pendingWrites);
    finished = FinishedLocked(r);
    LeaveCriticalSection(&r->lock);
    if (finished)
        SetEvent(done);
}

/* Queues an overlapped write of what InternetReadFile just gave. */
static BOOL WriteReceived(REQUEST *r)
{
    IO_SLOT *slot = (IO_SLOT *)calloc(1, sizeof *slot);
    DWORD error;
    if (slot == NULL)
        return FALSE;
    slot->request = r;
    slot->overlapped.Offset = r->writeOffset;
    CopyMemory(slot->buffer, r->netBuffer, r->netRead);
    InterlockedIncrement(&r->pendingWrites);
    r->writeOffset += r->netRead;
    if (!WriteFile(r->hOut, slot->buffer, r->netRead, NULL, &slot->overlapped) &&
        (error = GetLastError()) != ERROR_IO_PENDING) {
        InterlockedDecrement(&r->pendingWrites);
        free(slot);
        Fail(r, error, "WriteFile");
        return FALSE;
    }
    return TRUE;
}

/* Reads the response until a read pends or the body ends. */
static void Receive(REQUEST *r)
{
    DWORD error;
    while (InternetReadFile(r->hRequest, r->netBuffer, BUFFER_LEN, &r->netRead)) {
        if (r->netRead == 0) {
            ReceiveDone(r);
            return;
        }
        if (!WriteReceived(r))
            return;
    }
    if ((error = GetLastError()) != ERROR_IO_PENDING)
        Fail(r, error, "InternetReadFile");
}

static void EndUpload(REQUEST *r)
{
    DWORD error;
    r->state = STATE_END;
    if (HttpEndRequest(r->hRequest, NULL, 0, 0)) {
        r->state = STATE_RECEIVE;
        Receive(r);
    } else if ((error = GetLastError()) != ERROR_IO_PENDING) {
        Fail(r, error, "HttpEndRequest");
    }
}

/* Reads the next piece of the file to post; the thread pool then calls ReadDone. */
static void ReadNext(REQUEST *r)
{
    DWORD error;
    ZeroMemory(&r->readSlot.overlapped, sizeof r->readSlot.overlapped);
    r->readSlot.request = r;
    r->readSlot.overlapped.Offset = r->readOffset;
    if (!ReadFile(r->hIn, r->readSlot.buffer, BUFFER_LEN, NULL, &r->readSlot.overlapped)) {
        error = GetLastError();
        if (error == ERROR_HANDLE_EOF)
            EndUpload(r);
        else if (error != ERROR_IO_PENDING)
            Fail(r, error, "ReadFile");
    }
}

static VOID CALLBACK ReadDone(DWORD status, DWORD bytes, LPOVERLAPPED overlapped)
{
    IO_SLOT *slot = CONTAINING_RECORD(overlapped, IO_SLOT, overlapped);
    REQUEST *r = slot->request;
    DWORD error;
    if (status != 0) {
        Fail(r, status, "overlapped read");
        return;
    }
    r->readOffset += bytes;
    if (InternetWriteFile(r->hRequest, slot->buffer, bytes, &r->netWritten))
        ReadNext(r);
    else if ((error = GetLastError()) != ERROR_IO_PENDING)
        Fail(r, error, "InternetWriteFile");
}

static VOID CALLBACK StatusCallback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                    LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    REQUEST *r = (REQUEST *)dwContext;
    LPINTERNET_ASYNC_RESULT result = (LPINTERNET_ASYNC_RESULT)lpvStatusInformation;
    (void)hInternet;
    (void)dwStatusInformationLength;
    if (r == NULL)
        return;
    switch (dwInternetStatus) {
    case INTERNET_STATUS_HANDLE_CLOSING:
        SetEvent(r->hClosed);
        break;
    case INTERNET_STATUS_REQUEST_COMPLETE:
        if (result->dwError != ERROR_SUCCESS) {
            Fail(r, result->dwError, "request");
            break;
        }
        switch (r->state) {
        case STATE_SEND:
            if (r->hIn) {
                r->state = STATE_UPLOAD;
                ReadNext(r);
            } else {
                r->state = STATE_RECEIVE;
                Receive(r);
            }
            break;
        case STATE_UPLOAD: /* an InternetWriteFile completed */
            ReadNext(r);
            break;
        case STATE_END:
            r->state = STATE_RECEIVE;
            Receive(r);
            break;
        case STATE_RECEIVE: /* an InternetReadFile completed with r->netRead bytes */
            if (r->netRead == 0) {
                ReceiveDone(r);
            } else if (WriteReceived(r)) {
                Receive(r);
            }
            break;
        default:
            break;
        }
        break;
    default:
        break;
    }
}

static HANDLE OpenTemp(TCHAR *name, DWORD access, DWORD disposition, LPOVERLAPPED_COMPLETION_ROUTINE done)
{
    TCHAR dir[MAX_PATH];
    HANDLE h;
    GetTempPath(MAX_PATH, dir);
    if (disposition == CREATE_ALWAYS && GetTempFileName(dir, _T("RIN"), 0, name) == 0)
        return INVALID_HANDLE_VALUE;
    h = CreateFile(name, access, 0, NULL, disposition, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
    if (h != INVALID_HANDLE_VALUE && !BindIoCompletionCallback(h, done, 0)) {
        CloseHandle(h);
        return INVALID_HANDLE_VALUE;
    }
    return h;
}

/* Runs one request; returns the output file's name in out (the caller checks and deletes it). */
static BOOL Run(HINTERNET hConnect, LPCTSTR verb, LPCTSTR path, LPCTSTR inName, TCHAR *outName)
{
    REQUEST r;
    INTERNET_BUFFERS buffers;
    BOOL ok;
    DWORD error;
    ZeroMemory(&r, sizeof r);
    InitializeCriticalSection(&r.lock);
    r.hDone = CreateEvent(NULL, TRUE, FALSE, NULL);
    r.hClosed = CreateEvent(NULL, TRUE, FALSE, NULL);
    r.hOut = OpenTemp(outName, GENERIC_WRITE, CREATE_ALWAYS, WriteDone);
    if (inName != NULL)
        r.hIn = OpenTemp((TCHAR *)inName, GENERIC_READ, OPEN_EXISTING, ReadDone);
    if (r.hOut == INVALID_HANDLE_VALUE || r.hIn == INVALID_HANDLE_VALUE) {
        printf("FAIL opening the files: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    r.hRequest = HttpOpenRequest(hConnect, verb, path, NULL, NULL, NULL,
                                 INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, (DWORD_PTR)&r);
    if (r.hRequest == NULL) {
        printf("FAIL HttpOpenRequest: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    if (r.hIn) {
        ZeroMemory(&buffers, sizeof buffers);
        buffers.dwStructSize = sizeof buffers;
        buffers.dwBufferTotal = GetFileSize(r.hIn, NULL);
        ok = HttpSendRequestEx(r.hRequest, &buffers, NULL, 0, (DWORD_PTR)&r);
    } else {
        ok = HttpSendRequest(r.hRequest, NULL, 0, NULL, 0);
    }
    if (!ok && (error = GetLastError()) != ERROR_IO_PENDING) {
        printf("FAIL HttpSendRequest(Ex): %lu\n", (unsigned long)error);
        return FALSE;
    }
    if (WaitForSingleObject(r.hDone, 60000) != WAIT_OBJECT_0)
        _tprintf(_T("FAIL %s %s: timed out\n"), verb, path), r.error = WAIT_TIMEOUT;
    InternetCloseHandle(r.hRequest);
    WaitForSingleObject(r.hClosed, INFINITE);
    if (r.hIn)
        CloseHandle(r.hIn);
    CloseHandle(r.hOut);
    CloseHandle(r.hDone);
    CloseHandle(r.hClosed);
    DeleteCriticalSection(&r.lock);
    return r.error == 0;
}

/* Whether the file holds exactly n bytes made by byte(i). */
static BOOL FileHolds(LPCTSTR name, DWORD n, char (*byte)(DWORD))
{
    HANDLE h = CreateFile(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    char buf[BUFFER_LEN];
    DWORD got, total = 0, i;
    BOOL ok = h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == n;
    while (ok && ReadFile(h, buf, sizeof buf, &got, NULL) && got > 0) {
        for (i = 0; i < got && ok; i++)
            ok = buf[i] == byte(total + i);
        total += got;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return ok && total == n;
}

static char Pattern(DWORD i)
{
    return (char)('a' + i % 26);
}

static char PostByte(DWORD i)
{
    return (char)((i * 7 + i / 251) & 0xFF);
}

int _tmain(int argc, _TCHAR **argv)
{
    HINTERNET hSession, hConnect;
    TCHAR inName[MAX_PATH], outName[MAX_PATH], dir[MAX_PATH];
    char buf[BUFFER_LEN];
    int failures = 0;
    DWORD i, n;
    HANDLE h;
    if (argc < 3) {
        _ftprintf(stderr, _T("usage: %s <host> <port>\n"), argv[0]);
        return 2;
    }
    hSession = InternetOpen(_T("rinet-async-overlapped"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (InternetSetStatusCallback(hSession, StatusCallback) == INTERNET_INVALID_STATUS_CALLBACK)
        return 1;
    hConnect = InternetConnect(hSession, argv[1], (INTERNET_PORT)_ttoi(argv[2]), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               0);
    if (hConnect == NULL)
        return 1;

    if (Run(hConnect, _T("GET"), _T("/chunked/300000/7000"), NULL, outName) && FileHolds(outName, 300000, Pattern))
        printf("ok GET written by overlapped WriteFile\n");
    else
        printf("FAIL GET: the file does not hold the body\n"), failures++;
    DeleteFile(outName);

    GetTempPath(MAX_PATH, dir);
    GetTempFileName(dir, _T("RIN"), 0, inName);
    h = CreateFile(inName, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    for (i = 0; i < POST_SIZE; i += n) {
        DWORD k;
        n = POST_SIZE - i < sizeof buf ? POST_SIZE - i : (DWORD)sizeof buf;
        for (k = 0; k < n; k++)
            buf[k] = PostByte(i + k);
        WriteFile(h, buf, n, &n, NULL);
    }
    CloseHandle(h);
    if (Run(hConnect, _T("POST"), _T("/echo"), inName, outName) && FileHolds(outName, POST_SIZE, PostByte))
        printf("ok POST read by overlapped ReadFile, echo written by overlapped WriteFile\n");
    else
        printf("FAIL POST: the file does not hold the echo\n"), failures++;
    DeleteFile(outName);
    DeleteFile(inName);

    InternetSetStatusCallback(hConnect, NULL);
    InternetCloseHandle(hConnect);
    InternetSetStatusCallback(hSession, NULL);
    InternetCloseHandle(hSession);
    printf("%d passed, %d failed\n", 2 - failures, failures);
    return failures ? 1 : 0;
}
