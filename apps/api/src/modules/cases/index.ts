export { CasesModule } from './cases.module';
export { CasesService } from './cases.service';
export { audienceOf, type Audience } from './audience';
