import { MongoStore } from './mongo-store';

describe('MongoStore.open', () => {
  it('names the URL (without credentials) and the fix when MongoDB cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so this needs no MongoDB server.
    const opening = MongoStore.open('mongodb://user:secret@127.0.0.1:1/', 'shelflife', 300);
    const error = await opening.then(
      () => undefined,
      (reason: Error) => reason,
    );
    expect(error?.message).toMatch(
      /^cannot connect to MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:1\/: .*unset it to use the embedded store$/,
    );
    expect(error?.message).not.toMatch(/secret/);
  });
});
