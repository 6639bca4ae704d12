/** POSTs JSON to this counter's API; failures throw an Error carrying the zh-TW userMessage. */
export async function postJson(path, body = {}) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw apiError('CG_HTTP_UNREACHABLE', '無法連線到櫃檯主機，請稍後再試。');
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    throw apiError(data?.code ?? `HTTP_${res.status}`, data?.userMessage ?? '系統發生錯誤，請通知資訊室。');
  }
  return data;
}

function apiError(code, userMessage) {
  const err = new Error(userMessage);
  err.code = code;
  err.userMessage = userMessage;
  return err;
}
