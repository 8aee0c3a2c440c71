import { MongoStore } from '../mongo/mongo-store';
import { describeStoreContract } from './store-contract';

const mongoUrl = process.env.MONGO_URL;

if (mongoUrl) {
  describeStoreContract(`MongoDB at MONGO_URL (database shelflife_contract_test)`, () =>
    MongoStore.open(mongoUrl, 'shelflife_contract_test'),
  );
} else {
  // No MongoDB server can be installed on the build machine: say so loudly, and count the suite as skipped, not passed.
  console.warn(
    'SKIPPED: Store contract suite against MongoDB — MONGO_URL is not set, so no MongoDB server was contacted. Set MONGO_URL=mongodb://host:27017 to run it.',
  );
  describe.skip('Store contract: MongoDB (skipped: MONGO_URL is not set)', () => {
    it('runs the contract suite against MongoDB', () => undefined);
  });
}
