// The smallest IndexedDB the outbox needs: one database, put, getAll and
// delete, each transaction completing on the next turn. Imported for its
// effect: it sets globalThis.indexedDB before the outbox is loaded.
const stores = new Map();
globalThis.indexedDB = {
  open() {
    const req = {};
    setTimeout(() => {
      req.result = {
        objectStoreNames: { contains: (n) => stores.has(n) },
        createObjectStore: (n) => stores.set(n, new Map()),
        transaction() {
          const tx = {
            objectStore: (n) => ({
              put: (v) => { stores.get(n).set(v.id, v); return { result: v.id }; },
              getAll: () => ({ result: [...stores.get(n).values()] }),
              delete: (k) => { stores.get(n).delete(k); return { result: undefined }; },
            }),
          };
          setTimeout(() => tx.oncomplete());
          return tx;
        },
      };
      req.onupgradeneeded();
      req.onsuccess();
    });
    return req;
  },
};
